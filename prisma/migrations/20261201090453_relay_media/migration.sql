-- AlterTable
ALTER TABLE "RelayMessage" ADD COLUMN "correctsId" TEXT;
ALTER TABLE "RelayMessage" ADD COLUMN "editedAt" DATETIME;
ALTER TABLE "RelayMessage" ADD COLUMN "mediaBytes" INTEGER;
ALTER TABLE "RelayMessage" ADD COLUMN "mediaChannel" TEXT;
ALTER TABLE "RelayMessage" ADD COLUMN "mediaKind" TEXT;
ALTER TABLE "RelayMessage" ADD COLUMN "mediaMime" TEXT;
ALTER TABLE "RelayMessage" ADD COLUMN "mediaName" TEXT;
ALTER TABLE "RelayMessage" ADD COLUMN "mediaRef" TEXT;
ALTER TABLE "RelayMessage" ADD COLUMN "mediaSeconds" INTEGER;
ALTER TABLE "RelayMessage" ADD COLUMN "sourceRef" TEXT;

-- CreateIndex
CREATE INDEX "RelayMessage_fromId_sourceRef_idx" ON "RelayMessage"("fromId", "sourceRef");

