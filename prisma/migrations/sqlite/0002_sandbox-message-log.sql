-- CreateTable
CREATE TABLE "SandboxMessage" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "workspaceId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "recipient" TEXT,
    "card" TEXT,
    "command" TEXT,
    "idempotencyKey" TEXT,
    "at" DATETIME NOT NULL,
    "updatedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "SandboxMessage_idempotencyKey_key" ON "SandboxMessage"("idempotencyKey");

-- CreateIndex
CREATE INDEX "SandboxMessage_workspaceId_seq_idx" ON "SandboxMessage"("workspaceId", "seq");

