-- CreateTable
CREATE TABLE "OpsProbe" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "checkedAt" DATETIME NOT NULL
);


-- Private chats only (issue 9). Before, an account's delivery chat followed whatever chat the person
-- last wrote from, group included. Put each one back on the person's private chat:
-- Telegram's private chat id is the user's id; groups, supergroups and channels have negative ids.
UPDATE "ChannelAccount" SET "chatId" = "externalId"
WHERE "channel" = 'telegram' AND "chatId" LIKE '-%';

-- Teams: the stored ConversationReference only ever held the personal conversation.
UPDATE "ChannelAccount" SET "chatId" = json_extract("conversationRef", '$.conversation.id')
WHERE "channel" = 'teams' AND json_valid("conversationRef")
  AND json_extract("conversationRef", '$.conversation.id') IS NOT NULL
  AND "chatId" <> json_extract("conversationRef", '$.conversation.id');

-- Screens that were shown in groups (menus, names) are not kept.
DELETE FROM "ConversationState" WHERE ("channel" = 'telegram' AND "chatId" LIKE '-%') OR ("channel" = 'teams' AND "chatId" LIKE '19:%');
