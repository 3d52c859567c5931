-- Adds the reveal choice to a waiting quiz draft; a plain ADD COLUMN keeps existing rows.
ALTER TABLE "QuizDraft" ADD COLUMN "reveal" TEXT NOT NULL DEFAULT 'at_once';
