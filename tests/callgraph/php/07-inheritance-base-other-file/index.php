<?php

require_once 'src/Shapes/Shape.php';
require_once 'src/Shapes/Circle.php';
require_once 'src/Shapes/Square.php';

use App\Shapes\Circle;
use App\Shapes\Square;

$circle = new Circle(1.5);
$square = new Square(2);
echo $circle->report(), "\n", $square->report(), "\n";
echo $circle->describe($circle->area()), "\n";
