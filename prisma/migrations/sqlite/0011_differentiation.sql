-- Issue 14: calendars and podcasts, capsules that describe themselves, starting the method.
-- New columns only (ALTER TABLE ADD COLUMN): no table is rebuilt, so no row is copied.

-- AlterTable
ALTER TABLE "Class" ADD COLUMN "calendarToken" TEXT;
ALTER TABLE "Class" ADD COLUMN "parentLetterAt" DATETIME;

-- AlterTable
ALTER TABLE "Sequence" ADD COLUMN "resultsPostedAt" DATETIME;

-- AlterTable
ALTER TABLE "GuardianLink" ADD COLUMN "letterSentAt" DATETIME;

-- AlterTable
ALTER TABLE "Capsule" ADD COLUMN "revision" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Capsule" ADD COLUMN "mediaUrl" TEXT;
ALTER TABLE "Capsule" ADD COLUMN "mediaType" TEXT;
ALTER TABLE "Capsule" ADD COLUMN "mediaBytes" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "Class_calendarToken_key" ON "Class"("calendarToken");
