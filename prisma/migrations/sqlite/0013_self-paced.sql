-- Issue 14 §1: self-paced sequences. New columns (ALTER TABLE ADD COLUMN, no table rebuilt) and
-- one new table of per-student openings.

-- AlterTable
ALTER TABLE "Sequence" ADD COLUMN "pace" TEXT NOT NULL DEFAULT 'class';
ALTER TABLE "Sequence" ADD COLUMN "masteryPercent" INTEGER NOT NULL DEFAULT 70;
ALTER TABLE "Sequence" ADD COLUMN "stuckDays" INTEGER NOT NULL DEFAULT 3;

-- CreateTable
CREATE TABLE "PathUnlock" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "capsuleId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PathUnlock_capsuleId_fkey" FOREIGN KEY ("capsuleId") REFERENCES "Capsule" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PathUnlock_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "PathUnlock_memberId_idx" ON "PathUnlock"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "PathUnlock_capsuleId_memberId_key" ON "PathUnlock"("capsuleId", "memberId");
