-- AlterTable
ALTER TABLE "QuizDraft" ADD COLUMN     "reveal" TEXT NOT NULL DEFAULT 'at_once';

