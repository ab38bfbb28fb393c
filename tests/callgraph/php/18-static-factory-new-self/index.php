<?php

require_once 'src/Money.php';

use App\Money;

function total(array $amounts): Money
{
    $sum = Money::zero();
    foreach ($amounts as $amount) {
        $sum = $sum->add(Money::of($amount));
    }
    return $sum;
}

echo total([1.5, 2.25, 10])->format(), "\n";
