<?php

namespace App;

enum Status: string
{
    case Draft = 'draft';
    case Published = 'published';
    case Archived = 'archived';

    public function label(): string
    {
        return ucfirst($this->value);
    }

    public function isVisible(): bool
    {
        return $this === self::Published;
    }

    public static function fromLabel(string $label): self
    {
        return self::from(strtolower($label));
    }

    public static function visible(): array
    {
        return array_values(array_filter(self::cases(), fn (Status $s) => $s->isVisible()));
    }
}
