-- CreateTable
CREATE TABLE "OpsProbe" (
    "id" INTEGER NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OpsProbe_pkey" PRIMARY KEY ("id")
);


-- Private chats only (issue 9): the same data fix as the SQLite migration. No PostgreSQL database
-- predates it (PostgreSQL support came after), so on a new database these statements change nothing.
UPDATE "ChannelAccount" SET "chatId" = "externalId"
WHERE "channel" = 'telegram' AND "chatId" LIKE '-%';

DELETE FROM "ConversationState" WHERE ("channel" = 'telegram' AND "chatId" LIKE '-%') OR ("channel" = 'teams' AND "chatId" LIKE '19:%');
