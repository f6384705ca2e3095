-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OutboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "personId" TEXT,
    "kind" TEXT NOT NULL,
    "payloadJson" TEXT NOT NULL DEFAULT '{}',
    "dueAt" DATETIME NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 5,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "channel" TEXT,
    "chatId" TEXT,
    "seq" INTEGER,
    "partsSent" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_OutboxMessage" ("attempts", "createdAt", "dueAt", "id", "key", "kind", "lastError", "leaseOwner", "leaseUntil", "payloadJson", "personId", "priority", "sentAt", "status", "updatedAt") SELECT "attempts", "createdAt", "dueAt", "id", "key", "kind", "lastError", "leaseOwner", "leaseUntil", "payloadJson", "personId", "priority", "sentAt", "status", "updatedAt" FROM "OutboxMessage";
DROP TABLE "OutboxMessage";
ALTER TABLE "new_OutboxMessage" RENAME TO "OutboxMessage";
CREATE UNIQUE INDEX "OutboxMessage_key_key" ON "OutboxMessage"("key");
CREATE INDEX "OutboxMessage_status_priority_dueAt_idx" ON "OutboxMessage"("status", "priority", "dueAt");
CREATE INDEX "OutboxMessage_personId_idx" ON "OutboxMessage"("personId");
CREATE INDEX "OutboxMessage_channel_chatId_seq_idx" ON "OutboxMessage"("channel", "chatId", "seq");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

