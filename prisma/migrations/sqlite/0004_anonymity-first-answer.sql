-- CreateTable
CREATE TABLE "PollAnswer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "questionId" TEXT NOT NULL,
    "ballotKey" TEXT NOT NULL,
    "choice" INTEGER NOT NULL,
    CONSTRAINT "PollAnswer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "QuizQuestion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Class" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "platform" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" TEXT NOT NULL DEFAULT 'lycee',
    "language" TEXT NOT NULL DEFAULT 'fr',
    "timeZone" TEXT NOT NULL DEFAULT 'Europe/Paris',
    "reminderOffsets" TEXT NOT NULL DEFAULT '1440,60',
    "quietStart" TEXT NOT NULL DEFAULT '20:00',
    "quietEnd" TEXT NOT NULL DEFAULT '07:30',
    "briefTarget" TEXT NOT NULL DEFAULT 'dm',
    "briefOffsetMinutes" INTEGER NOT NULL DEFAULT 120,
    "digestDay" INTEGER NOT NULL DEFAULT 7,
    "digestTime" TEXT NOT NULL DEFAULT '18:00',
    "digestNote" TEXT,
    "holdQuestions" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Class" ("briefOffsetMinutes", "briefTarget", "channelId", "createdAt", "digestDay", "digestNote", "digestTime", "id", "language", "level", "name", "platform", "quietEnd", "quietStart", "reminderOffsets", "timeZone", "updatedAt", "workspaceId") SELECT "briefOffsetMinutes", "briefTarget", "channelId", "createdAt", "digestDay", "digestNote", "digestTime", "id", "language", "level", "name", "platform", "quietEnd", "quietStart", "reminderOffsets", "timeZone", "updatedAt", "workspaceId" FROM "Class";
DROP TABLE "Class";
ALTER TABLE "new_Class" RENAME TO "Class";
CREATE UNIQUE INDEX "Class_platform_workspaceId_channelId_key" ON "Class"("platform", "workspaceId", "channelId");
CREATE TABLE "new_Member" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "classId" TEXT NOT NULL,
    "platformUserId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'student',
    "locale" TEXT,
    "dmClosedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Member_classId_fkey" FOREIGN KEY ("classId") REFERENCES "Class" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Member" ("classId", "createdAt", "displayName", "dmClosedAt", "id", "locale", "platformUserId", "role") SELECT "classId", "createdAt", "displayName", "dmClosedAt", "id", "locale", "platformUserId", "role" FROM "Member";
DROP TABLE "Member";
ALTER TABLE "new_Member" RENAME TO "Member";
CREATE INDEX "Member_classId_role_idx" ON "Member"("classId", "role");
CREATE UNIQUE INDEX "Member_classId_platformUserId_key" ON "Member"("classId", "platformUserId");
CREATE TABLE "new_Quiz" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "capsuleId" TEXT,
    "sequenceId" TEXT,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'graded',
    "resultsVisibility" TEXT NOT NULL DEFAULT 'live',
    "reveal" TEXT NOT NULL DEFAULT 'at_once',
    "openAt" DATETIME,
    "closeAt" DATETIME,
    "closedAt" DATETIME,
    "messageRef" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Quiz_capsuleId_fkey" FOREIGN KEY ("capsuleId") REFERENCES "Capsule" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Quiz_sequenceId_fkey" FOREIGN KEY ("sequenceId") REFERENCES "Sequence" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Quiz" ("capsuleId", "closeAt", "closedAt", "createdAt", "id", "kind", "messageRef", "openAt", "resultsVisibility", "sequenceId", "title") SELECT "capsuleId", "closeAt", "closedAt", "createdAt", "id", "kind", "messageRef", "openAt", "resultsVisibility", "sequenceId", "title" FROM "Quiz";
DROP TABLE "Quiz";
ALTER TABLE "new_Quiz" RENAME TO "Quiz";
CREATE INDEX "Quiz_capsuleId_idx" ON "Quiz"("capsuleId");
CREATE TABLE "new_Answer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "questionId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "choice" INTEGER NOT NULL,
    "lastChoice" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Answer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "QuizQuestion" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Answer_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Answer" ("choice", "createdAt", "id", "memberId", "questionId", "updatedAt") SELECT "choice", "createdAt", "id", "memberId", "questionId", "updatedAt" FROM "Answer";
DROP TABLE "Answer";
ALTER TABLE "new_Answer" RENAME TO "Answer";
CREATE INDEX "Answer_memberId_idx" ON "Answer"("memberId");
CREATE UNIQUE INDEX "Answer_questionId_memberId_key" ON "Answer"("questionId", "memberId");
CREATE TABLE "new_StudentQuestion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "classId" TEXT NOT NULL,
    "capsuleId" TEXT,
    "text" TEXT NOT NULL,
    "authorId" TEXT,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "upvotes" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'open',
    "messageRef" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "StudentQuestion_classId_fkey" FOREIGN KEY ("classId") REFERENCES "Class" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StudentQuestion_capsuleId_fkey" FOREIGN KEY ("capsuleId") REFERENCES "Capsule" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "StudentQuestion_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_StudentQuestion" ("anonymous", "authorId", "capsuleId", "classId", "createdAt", "id", "messageRef", "status", "text", "updatedAt", "upvotes") SELECT "anonymous", "authorId", "capsuleId", "classId", "createdAt", "id", "messageRef", "status", "text", "updatedAt", "upvotes" FROM "StudentQuestion";
DROP TABLE "StudentQuestion";
ALTER TABLE "new_StudentQuestion" RENAME TO "StudentQuestion";
CREATE INDEX "StudentQuestion_classId_status_idx" ON "StudentQuestion"("classId", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "PollAnswer_questionId_ballotKey_key" ON "PollAnswer"("questionId", "ballotKey");


-- Answers to review polls ("bilan") become anonymous: moved out of Answer with no member, no time
-- and fresh random ids. Old upvotes get random keys: the former per-member hash was the same as the
-- one on that member's questions, including anonymous ones.
INSERT INTO "PollAnswer" ("id", "questionId", "ballotKey", "choice")
SELECT lower(hex(randomblob(16))), a."questionId", lower(hex(randomblob(16))), a."choice"
FROM "Answer" a JOIN "QuizQuestion" q ON q."id" = a."questionId" JOIN "Quiz" z ON z."id" = q."quizId"
WHERE z."kind" = 'review';
DELETE FROM "Answer" WHERE "questionId" IN (
  SELECT q."id" FROM "QuizQuestion" q JOIN "Quiz" z ON z."id" = q."quizId" WHERE z."kind" = 'review'
);
UPDATE "QuestionVote" SET "voterHash" = lower(hex(randomblob(16)));
