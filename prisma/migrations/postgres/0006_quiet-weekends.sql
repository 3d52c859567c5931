-- AlterTable
ALTER TABLE "Class" ADD COLUMN     "quietWeekends" BOOLEAN NOT NULL DEFAULT true;

