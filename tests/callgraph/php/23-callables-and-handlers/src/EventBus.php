<?php

namespace App;

class EventBus
{
    private array $handlers = [];

    public function on(string $event, callable $handler): void
    {
        $this->handlers[$event][] = $handler;
    }

    public function emit(string $event, array $payload): int
    {
        $count = 0;
        foreach ($this->handlers[$event] ?? [] as $handler) {
            $handler($payload);
            $count++;
        }
        return $count;
    }
}
