// «Preguntas frecuentes»: the firm's answers, with the configured card fee and AR address.
import type { ComponentChildren } from "preact";
import type { Translate } from "../i18n/client";

export function FaqPage(props: { t: Translate; rate: string; surchargeEnabled: boolean; arEmail: string }) {
  const { t } = props;
  const entries: { id: string; question: string; answer: ComponentChildren }[] = [
    { id: "methods", question: t("faqMethodsQ"), answer: t("faqMethodsA") },
    { id: "paper", question: t("faqPaperQ"), answer: t("faqPaperA") },
    { id: "fees", question: t("faqFeesQ"), answer: props.surchargeEnabled ? t("faqFeesA", { rate: props.rate }) : t("faqNoFeesA") },
    { id: "accounts", question: t("faqAccountQ"), answer: t("faqAccountA") },
    {
      id: "problems",
      question: t("faqProblemQ"),
      answer: (
        <>
          {t("faqProblemA")} <a href="/help">{t("faqProblemLink")}</a>
        </>
      ),
    },
    {
      id: "confirmation",
      question: t("faqConfirmationQ"),
      // The receipt copy in "Your payments" comes first: it answers at once, without the team.
      answer: (() => {
        const [before, after = ""] = t("faqConfirmationStill", { email: "\u0000" }).split("\u0000");
        return (
          <>
            {t("faqConfirmationA")} <a href="/portal/payments">{t("faqConfirmationLink")}</a>
            <br />
            {before}
            <a href={`mailto:${props.arEmail}`}>{props.arEmail}</a>
            {after}
          </>
        );
      })(),
    },
  ];
  return (
    <>
      <h1>{t("faqHeading")}</h1>
      <section class="card faq">
        {entries.map((entry) => (
          <div class="faq-entry" id={`faq-${entry.id}`}>
            <h2>{entry.question}</h2>
            <p>{entry.answer}</p>
          </div>
        ))}
      </section>
    </>
  );
}
