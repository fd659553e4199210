-- Selectors become one EXISTS per requirement over device_labels. Without statistics on key and value
-- together, PostgreSQL multiplies their frequencies as if they were independent ("tier" × "canary"),
-- underestimates how many devices a label matches by 5-10×, and collects and sorts thousands of rows
-- where walking devices by name and stopping after one page is much cheaper (bench/scale/registry.ts).
-- Prisma's schema language cannot declare extended statistics and its diff does not see them.
CREATE STATISTICS "device_labels_key_value_stats" (mcv) ON "key", "value" FROM "device_labels";
