<?php

namespace App\Repositories;

class UserRepository
{
    private array $rows = [1 => 'ada', 2 => 'grace'];

    public function all(): array
    {
        return array_values($this->rows);
    }

    public function find(int $id): ?string
    {
        return $this->rows[$id] ?? null;
    }
}
