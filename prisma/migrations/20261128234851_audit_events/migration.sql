-- CreateEnum
CREATE TYPE "AuditActorKind" AS ENUM ('api_key', 'device', 'anonymous');

-- CreateTable
CREATE TABLE "audit_events" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_kind" "AuditActorKind" NOT NULL,
    "actor_id" UUID,
    "actor_name" TEXT,
    "actor_role" "ApiKeyRole",
    "method" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "resource" JSONB NOT NULL,
    "resource_ids" TEXT[],
    "summary" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "error_code" TEXT,
    "client_ip" TEXT NOT NULL,
    "user_agent" TEXT,
    "request_id" TEXT NOT NULL,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_events_at_idx" ON "audit_events"("at");

-- CreateIndex
CREATE INDEX "audit_events_actor_id_id_idx" ON "audit_events"("actor_id", "id");

-- CreateIndex
CREATE INDEX "audit_events_route_id_idx" ON "audit_events"("route", "id");

-- CreateIndex
CREATE INDEX "audit_events_resource_ids_idx" ON "audit_events" USING GIN ("resource_ids");

-- Append-only: an audit record that can be edited proves nothing. Deleting (retention) stays possible.
CREATE FUNCTION "audit_events_refuse_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: rows cannot be updated';
END;
$$;

CREATE TRIGGER "audit_events_append_only" BEFORE UPDATE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_events_refuse_update"();
