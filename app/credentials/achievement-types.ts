// How each kind of achievement of the regulation (seed 004 §3.2–3.3) reads in an Open Badges 3.0
// credential: its achievementType from the OB 3.0 vocabulary and the criteria it was confirmed by.
import type { Kind } from "~models/vocabulary/achievement-kinds";

export const BADGE_KINDS: Partial<Record<Kind, { achievementType: string; criteria: string }>> = {
  olympiad: {
    achievementType: "Award",
    criteria: "Результат участия в олимпиаде школьников (Положение, п. 3.2.2), подтверждённый школой по диплому или протоколу олимпиады.",
  },
  contest: {
    achievementType: "Award",
    criteria:
      "Результат участия в интеллектуальном, творческом, исследовательском или профессиональном конкурсе (п. 3.2.2), подтверждённый школой по диплому или протоколу.",
  },
  sport: {
    achievementType: "Award",
    criteria: "Результат участия в физкультурном или спортивном мероприятии (п. 3.2.2), подтверждённый школой по диплому или протоколу соревнования.",
  },
  gto: {
    achievementType: "Certificate",
    criteria: "Сдача норм комплекса «Готов к труду и обороне» (п. 3.2.2), подтверждённая школой по приказу о награждении и удостоверению.",
  },
  volunteering: {
    achievementType: "CommunityService",
    criteria: "Волонтёрская (добровольческая) деятельность (п. 3.2.3), часы которой подтвердил организатор или книжка волонтёра Добро.рф.",
  },
  selfGovernment: {
    achievementType: "Membership",
    criteria: "Участие в работе органов ученического самоуправления (п. 3.2.3), подтверждённое школой.",
  },
  project: {
    achievementType: "Achievement",
    criteria: "Результат проектной или учебно-исследовательской деятельности (п. 3.2.1), подтверждённый школой.",
  },
  additionalEducation: {
    achievementType: "CertificateOfCompletion",
    criteria: "Освоение программы дополнительного образования (п. 3.2.2), подтверждённое документом организации.",
  },
  uud: {
    achievementType: "Competency",
    criteria: "Уровень сформированности универсальных учебных действий (п. 3.2.4) по результатам диагностики в школе.",
  },
  award: {
    achievementType: "Award",
    criteria: "Поощрение за успехи в учебной, спортивной, общественной, научной, творческой деятельности (п. 3.3) по приказу.",
  },
  // «Личностные результаты» are a specialist's observations, kept inside the school: no credential.
};

export const canLeaveAsBadge = (kind: string) => kind in BADGE_KINDS;
