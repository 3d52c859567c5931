-- Issue 14 §1: self-paced sequences.

-- AlterTable
ALTER TABLE "Sequence" ADD COLUMN     "masteryPercent" INTEGER NOT NULL DEFAULT 70,
ADD COLUMN     "pace" TEXT NOT NULL DEFAULT 'class',
ADD COLUMN     "stuckDays" INTEGER NOT NULL DEFAULT 3;

-- CreateTable
CREATE TABLE "PathUnlock" (
    "id" TEXT NOT NULL,
    "capsuleId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PathUnlock_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PathUnlock_memberId_idx" ON "PathUnlock"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "PathUnlock_capsuleId_memberId_key" ON "PathUnlock"("capsuleId", "memberId");

-- AddForeignKey
ALTER TABLE "PathUnlock" ADD CONSTRAINT "PathUnlock_capsuleId_fkey" FOREIGN KEY ("capsuleId") REFERENCES "Capsule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PathUnlock" ADD CONSTRAINT "PathUnlock_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;
