<?php

namespace App;

class Collection
{
    public function __construct(private array $items = [])
    {
    }

    public function count(): int
    {
        return count($this->items);
    }

    public function map(callable $fn): Collection
    {
        return new Collection(array_map($fn, $this->items));
    }

    public function filter(callable $fn): Collection
    {
        return new Collection(array_values(array_filter($this->items, $fn)));
    }

    public function implode(string $glue): string
    {
        return implode($glue, $this->items);
    }
}
