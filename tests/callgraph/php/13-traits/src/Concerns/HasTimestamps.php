<?php

namespace App\Concerns;

trait HasTimestamps
{
    private ?string $touchedAt = null;

    public function touch(): void
    {
        $this->touchedAt = date('H:i:s');
    }

    public function touchedAt(): ?string
    {
        return $this->touchedAt;
    }
}
