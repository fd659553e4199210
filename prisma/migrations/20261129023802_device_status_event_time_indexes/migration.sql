-- Fleet availability (GET /api/v1/fleet/availability): the latest event per device at an instant with its
-- id as tie-break straight from the index, and the events of a time range without a scan of the whole table.

-- DropIndex
DROP INDEX "device_status_events_device_id_at_idx";

-- CreateIndex
CREATE INDEX "device_status_events_device_id_at_id_idx" ON "device_status_events"("device_id", "at", "id");

-- CreateIndex
CREATE INDEX "device_status_events_at_idx" ON "device_status_events"("at");
