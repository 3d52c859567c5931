-- CreateTable
CREATE TABLE "SlackInstallation" (
    "id" TEXT NOT NULL,
    "teamId" TEXT,
    "enterpriseId" TEXT,
    "isEnterpriseInstall" BOOLEAN NOT NULL DEFAULT false,
    "botUserId" TEXT NOT NULL,
    "botId" TEXT NOT NULL,
    "sealed" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SlackInstallation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlackTeam" (
    "teamId" TEXT NOT NULL,
    "installationId" TEXT NOT NULL,

    CONSTRAINT "SlackTeam_pkey" PRIMARY KEY ("teamId")
);

-- AddForeignKey
ALTER TABLE "SlackTeam" ADD CONSTRAINT "SlackTeam_installationId_fkey" FOREIGN KEY ("installationId") REFERENCES "SlackInstallation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

