<?php

namespace App\Shapes;

class Circle extends Shape
{
    protected string $label = 'circle';

    public function __construct(private float $radius)
    {
    }

    public function area(): float
    {
        return $this->rounded(M_PI * $this->radius ** 2);
    }

    public function report(): string
    {
        return $this->describe($this->area());
    }
}
