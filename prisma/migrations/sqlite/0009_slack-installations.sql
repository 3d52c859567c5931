-- CreateTable
CREATE TABLE "SlackInstallation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT,
    "enterpriseId" TEXT,
    "isEnterpriseInstall" BOOLEAN NOT NULL DEFAULT false,
    "botUserId" TEXT NOT NULL,
    "botId" TEXT NOT NULL,
    "sealed" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SlackTeam" (
    "teamId" TEXT NOT NULL PRIMARY KEY,
    "installationId" TEXT NOT NULL,
    CONSTRAINT "SlackTeam_installationId_fkey" FOREIGN KEY ("installationId") REFERENCES "SlackInstallation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

