-- AlterTable
ALTER TABLE "RelayMessage" ADD COLUMN     "correctsId" TEXT,
ADD COLUMN     "editedAt" TIMESTAMP(3),
ADD COLUMN     "mediaBytes" INTEGER,
ADD COLUMN     "mediaChannel" TEXT,
ADD COLUMN     "mediaKind" TEXT,
ADD COLUMN     "mediaMime" TEXT,
ADD COLUMN     "mediaName" TEXT,
ADD COLUMN     "mediaRef" TEXT,
ADD COLUMN     "mediaSeconds" INTEGER,
ADD COLUMN     "sourceRef" TEXT;

-- CreateIndex
CREATE INDEX "RelayMessage_fromId_sourceRef_idx" ON "RelayMessage"("fromId", "sourceRef");

