<?php

require_once 'src/Concerns/Loggable.php';
require_once 'src/Concerns/HasTimestamps.php';
require_once 'src/Order.php';

use App\Order;

function entropy(float $p): float
{
    return -$p * log($p, 2);
}

$order = new Order();
$order->ship();
$order->log('archived');
print_r($order->logLines());
printf("%.3f\n", entropy(0.5));
