import { Global, Module } from '@nestjs/common';
import { MqttConnection } from './mqtt.connection';
import { RedisConnection } from './redis.connection';

@Global()
@Module({
  providers: [RedisConnection, MqttConnection],
  exports: [RedisConnection, MqttConnection],
})
export class ConnectionsModule {}
