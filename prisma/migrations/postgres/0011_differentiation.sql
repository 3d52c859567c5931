-- AlterTable
ALTER TABLE "Class" ADD COLUMN     "calendarToken" TEXT,
ADD COLUMN     "parentLetterAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Sequence" ADD COLUMN     "resultsPostedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Capsule" ADD COLUMN     "mediaBytes" INTEGER,
ADD COLUMN     "mediaType" TEXT,
ADD COLUMN     "mediaUrl" TEXT,
ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "GuardianLink" ADD COLUMN     "letterSentAt" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "Class_calendarToken_key" ON "Class"("calendarToken");

