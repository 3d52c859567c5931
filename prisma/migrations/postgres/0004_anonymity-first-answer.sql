-- DropIndex
DROP INDEX "StudentQuestion_authorHash_createdAt_idx";

-- AlterTable
ALTER TABLE "Class" ADD COLUMN     "holdQuestions" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Member" DROP COLUMN "updatedAt";

-- AlterTable
ALTER TABLE "Quiz" ADD COLUMN     "reveal" TEXT NOT NULL DEFAULT 'at_once';

-- AlterTable
ALTER TABLE "Answer" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "lastChoice" INTEGER;

-- AlterTable
ALTER TABLE "StudentQuestion" DROP COLUMN "authorHash";

-- CreateTable
CREATE TABLE "PollAnswer" (
    "id" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "ballotKey" TEXT NOT NULL,
    "choice" INTEGER NOT NULL,

    CONSTRAINT "PollAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PollAnswer_questionId_ballotKey_key" ON "PollAnswer"("questionId", "ballotKey");

-- AddForeignKey
ALTER TABLE "PollAnswer" ADD CONSTRAINT "PollAnswer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "QuizQuestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Answers to review polls ("bilan") become anonymous: moved out of Answer with no member, no time
-- and fresh random ids. Old upvotes get random keys: the former per-member hash was the same as the
-- one on that member's questions, including anonymous ones.
INSERT INTO "PollAnswer" ("id", "questionId", "ballotKey", "choice")
SELECT md5(random()::text || clock_timestamp()::text), a."questionId", md5(random()::text || clock_timestamp()::text), a."choice"
FROM "Answer" a JOIN "QuizQuestion" q ON q."id" = a."questionId" JOIN "Quiz" z ON z."id" = q."quizId"
WHERE z."kind" = 'review';
DELETE FROM "Answer" WHERE "questionId" IN (
  SELECT q."id" FROM "QuizQuestion" q JOIN "Quiz" z ON z."id" = q."quizId" WHERE z."kind" = 'review'
);
UPDATE "QuestionVote" SET "voterHash" = md5(random()::text || clock_timestamp()::text);
