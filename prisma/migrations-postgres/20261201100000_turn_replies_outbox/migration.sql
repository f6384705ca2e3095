-- DropIndex
DROP INDEX "OutboxMessage_status_dueAt_idx";

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "channel" TEXT,
ADD COLUMN     "chatId" TEXT,
ADD COLUMN     "partsSent" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "seq" INTEGER,
ALTER COLUMN "personId" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "OutboxMessage_status_priority_dueAt_idx" ON "OutboxMessage"("status", "priority", "dueAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_channel_chatId_seq_idx" ON "OutboxMessage"("channel", "chatId", "seq");

