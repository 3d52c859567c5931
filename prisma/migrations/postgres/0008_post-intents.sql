-- Posts made under an idempotency key, written before the platform call (issue 12: exactly once across crashes).
-- CreateTable
CREATE TABLE "PostIntent" (
    "key" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "ref" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "postedAt" TIMESTAMP(3),

    CONSTRAINT "PostIntent_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "PostIntent_createdAt_idx" ON "PostIntent"("createdAt");

