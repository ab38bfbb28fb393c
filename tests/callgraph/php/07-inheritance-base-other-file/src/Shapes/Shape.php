<?php

namespace App\Shapes;

abstract class Shape
{
    protected string $label = 'shape';

    protected function rounded(float $value): float
    {
        return round($value, 2);
    }

    public function describe(float $area): string
    {
        return $this->label . ': ' . $this->rounded($area);
    }
}
