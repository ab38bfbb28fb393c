<?php

namespace App\Audit;

class Logger
{
    private array $entries = [];

    public function record(string $who, string $what): void
    {
        $this->entries[] = $this->format($who, $what);
    }

    public function format(string $who, string $what): string
    {
        return "$who did $what";
    }

    public function entries(): array
    {
        return $this->entries;
    }
}
