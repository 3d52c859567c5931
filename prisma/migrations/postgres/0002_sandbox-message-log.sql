-- CreateTable
CREATE TABLE "SandboxMessage" (
    "seq" INTEGER NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "recipient" TEXT,
    "card" TEXT,
    "command" TEXT,
    "idempotencyKey" TEXT,
    "at" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3),

    CONSTRAINT "SandboxMessage_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "SandboxMessage_idempotencyKey_key" ON "SandboxMessage"("idempotencyKey");

-- CreateIndex
CREATE INDEX "SandboxMessage_workspaceId_seq_idx" ON "SandboxMessage"("workspaceId", "seq");

