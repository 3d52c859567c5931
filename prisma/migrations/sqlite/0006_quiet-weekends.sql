-- Quiet hours may include weekends (France, 2025). Written as ADD COLUMN rather than the table
-- rebuild Prisma generates: rebuilding Class would run its ON DELETE CASCADE on every member.
ALTER TABLE "Class" ADD COLUMN "quietWeekends" BOOLEAN NOT NULL DEFAULT true;
