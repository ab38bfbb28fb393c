<?php

namespace App\Concerns;

trait Loggable
{
    private array $lines = [];

    public function log(string $message): void
    {
        $this->lines[] = $this->prefix() . $message;
    }

    public function logLines(): array
    {
        return $this->lines;
    }

    protected function prefix(): string
    {
        return '[' . static::class . '] ';
    }
}
