import { describe, expect, it } from "vitest";
import { csvCell, parseCsv, toCsv } from "../../worker/domain/csv";

describe("parseCsv", () => {
  it.each<[string, string, string[][]]>([
    [
      "plain rows, LF",
      "a,b\n1,2\n",
      [
        ["a", "b"],
        ["1", "2"],
      ],
    ],
    [
      "CRLF and no final line break",
      "a,b\r\n1,2",
      [
        ["a", "b"],
        ["1", "2"],
      ],
    ],
    [
      "quoted commas, quotes and line breaks",
      'name,note\n"Bay, LLC","say ""hi""\nthere"\n',
      [
        ["name", "note"],
        ["Bay, LLC", 'say "hi"\nthere'],
      ],
    ],
    [
      "empty fields",
      "a,,c\n,,\n",
      [
        ["a", "", "c"],
        ["", "", ""],
      ],
    ],
    ["blank lines", "a\n\n\nb\n", [["a"], ["b"]]],
    ["a byte-order mark", "\uFEFFa,b\n", [["a", "b"]]],
    ["an empty quoted field", 'a,"",c\n', [["a", "", "c"]]],
    ["nothing", "", []],
  ])("%s", (_case, text, rows) => {
    expect(parseCsv(text)).toEqual({ ok: true, rows });
  });

  it.each<[string, string, number, string]>([
    ["an unterminated quote", 'a,"b\n1,2\n', 3, "unterminated_quote"],
    ["a quote inside a bare field", 'a,b"c\n', 1, "stray_quote"],
    ["text after a closing quote", 'a,"b"c\n', 1, "stray_quote"],
  ])("refuses %s", (_case, text, line, error) => {
    expect(parseCsv(text)).toEqual({ ok: false, line, error });
  });
});

describe("csvCell keeps a spreadsheet from running cells as formulas", () => {
  it.each<[string | number | null, string]>([
    ["Brickell Bay Holdings LLC", "Brickell Bay Holdings LLC"],
    ["=1+1", "'=1+1"],
    ["+1 305 555 0100", "'+1 305 555 0100"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["  =1", "'  =1"],
    [-5, "-5"],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ["Bay, LLC", '"Bay, LLC"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["1234.50", "1234.50"],
    [0, "0"],
    [null, ""],
    ["", ""],
  ])("%j -> %s", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it("writes a file with CRLF line ends that parses back (less the apostrophes)", () => {
    const text = toCsv(
      ["a", "b"],
      [
        ["Bay, LLC", "=x"],
        ["1.00", null],
      ],
    );
    expect(text).toBe('a,b\r\n"Bay, LLC",\'=x\r\n1.00,\r\n');
    expect(parseCsv(text)).toEqual({
      ok: true,
      rows: [
        ["a", "b"],
        ["Bay, LLC", "'=x"],
        ["1.00", ""],
      ],
    });
  });
});
