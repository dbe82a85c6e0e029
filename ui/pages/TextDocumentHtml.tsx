// A text document (ui/text-document.ts) as HTML: the same words and figures as its PDF.
// Tables stack into labelled blocks on a phone, like the portal's other lists.
import type { DocBlock, TextDocument } from "../text-document";

function Block({ block, index }: { block: DocBlock; index: number }) {
  switch (block.kind) {
    case "heading":
      return block.level === 1 ? (
        <h1 data-focus-on-swap tabindex={-1}>
          {block.text}
        </h1>
      ) : (
        <h2>{block.text}</h2>
      );
    case "paragraph":
      return block.style === "strong" ? (
        <p>
          <strong>{block.text}</strong>
        </p>
      ) : (
        <p class={block.style === "muted" ? "muted" : undefined}>{block.text}</p>
      );
    case "table": {
      const numeric = (i: number) => (block.columns[i]?.align === "end" ? "num" : undefined);
      if (block.rows.length === 0 && block.empty) return <p>{block.empty}</p>;
      return (
        <div class="table-scroll">
          <table class="items stack doc-table" id={`doc-table-${index}`}>
            <caption class="visually-hidden">{block.caption}</caption>
            <thead>
              <tr>
                {block.columns.map((column, i) => (
                  <th scope="col" class={numeric(i)}>
                    {column.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((cells) => (
                <tr>
                  {cells.map((cell, i) => (
                    <td class={numeric(i)} data-label={block.columns[i]?.label}>
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            {block.foot ? (
              <tfoot>
                {block.foot.map((cells) => (
                  <tr>
                    <th scope="row">{cells[0]}</th>
                    {cells.slice(1).map((cell, i) => (
                      <td class={numeric(i + 1)} data-label={cell ? block.columns[i + 1]?.label : undefined}>
                        {cell}
                      </td>
                    ))}
                  </tr>
                ))}
              </tfoot>
            ) : null}
          </table>
        </div>
      );
    }
  }
}

export function TextDocumentHtml({ doc }: { doc: TextDocument }) {
  return (
    <>
      {doc.blocks.map((block, index) => (
        <Block block={block} index={index} />
      ))}
    </>
  );
}
