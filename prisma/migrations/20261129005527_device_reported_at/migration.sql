-- AlterTable
ALTER TABLE "devices" ADD COLUMN     "reported_at" TIMESTAMPTZ(3);

-- Devices that reported before this column existed: their newest stored report.
UPDATE "devices" d SET "reported_at" = newest.reported_at
FROM (SELECT device_id, max(reported_at) AS reported_at FROM "assignment_states" GROUP BY device_id) newest
WHERE d.id = newest.device_id;
