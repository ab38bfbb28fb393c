<?php

namespace App;

final class Config
{
    private array $values = [];

    public function __construct(private string $env)
    {
        $this->loadDefaults();
    }

    public static function development(): self
    {
        return new self('development');
    }

    public static function fromArray(string $env, array $values): Config
    {
        $config = new Config($env);
        foreach ($values as $key => $value) {
            $config->set($key, $value);
        }
        return $config;
    }

    public function get(string $key): ?string
    {
        return $this->values[$key] ?? null;
    }

    public function set(string $key, string $value): void
    {
        $this->values[$key] = $value;
    }

    public function env(): string
    {
        return $this->env;
    }

    private function loadDefaults(): void
    {
        $this->set('port', '8080');
        $this->set('host', 'localhost');
    }
}
