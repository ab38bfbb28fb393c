<?php

namespace App\Shapes;

class Square extends Shape
{
    protected string $label = 'square';

    public function __construct(private float $side)
    {
    }

    public function area(): float
    {
        return $this->rounded($this->side * $this->side);
    }

    public function report(): string
    {
        return parent::describe($this->area());
    }
}
