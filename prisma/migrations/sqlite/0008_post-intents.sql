-- Posts made under an idempotency key, written before the platform call (issue 12: exactly once across crashes).
-- CreateTable
CREATE TABLE "PostIntent" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "platform" TEXT NOT NULL,
    "ref" TEXT,
    "createdAt" DATETIME NOT NULL,
    "postedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "PostIntent_createdAt_idx" ON "PostIntent"("createdAt");

