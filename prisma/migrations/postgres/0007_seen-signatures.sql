-- CreateTable
CREATE TABLE "SeenSignature" (
    "signatureHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SeenSignature_pkey" PRIMARY KEY ("signatureHash")
);

-- CreateIndex
CREATE INDEX "SeenSignature_expiresAt_idx" ON "SeenSignature"("expiresAt");

