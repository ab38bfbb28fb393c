<?php

namespace App;

class AuditListener
{
    public array $seen = [];

    public function register(EventBus $bus): void
    {
        $bus->on('login', [$this, 'onLogin']);
        $bus->on('logout', \Closure::fromCallable([$this, 'onLogout']));
        $bus->on('login', fn (array $p) => $this->remember('login:' . $p['user']));
    }

    public function onLogin(array $payload): void
    {
        $this->remember('hello ' . $payload['user']);
    }

    public function onLogout(array $payload): void
    {
        $this->remember('bye ' . $payload['user']);
    }

    private function remember(string $line): void
    {
        $this->seen[] = $line;
    }
}
