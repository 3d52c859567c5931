-- Issue 14 §2: targeted review. Review resources on quiz questions, and who was sent back to
-- one and opened it. A new column and a new table: no table is rebuilt, so no row is copied.

-- AlterTable
ALTER TABLE "QuizQuestion" ADD COLUMN     "review" TEXT;

-- CreateTable
CREATE TABLE "ReviewVisit" (
    "id" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "target" INTEGER NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL,
    "clickedAt" TIMESTAMP(3),

    CONSTRAINT "ReviewVisit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReviewVisit_memberId_idx" ON "ReviewVisit"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewVisit_questionId_memberId_target_key" ON "ReviewVisit"("questionId", "memberId", "target");

-- AddForeignKey
ALTER TABLE "ReviewVisit" ADD CONSTRAINT "ReviewVisit_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "QuizQuestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewVisit" ADD CONSTRAINT "ReviewVisit_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

