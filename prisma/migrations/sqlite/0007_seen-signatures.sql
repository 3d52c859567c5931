-- CreateTable
CREATE TABLE "SeenSignature" (
    "signatureHash" TEXT NOT NULL PRIMARY KEY,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "SeenSignature_expiresAt_idx" ON "SeenSignature"("expiresAt");

