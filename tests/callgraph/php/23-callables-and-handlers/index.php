<?php

require_once 'src/EventBus.php';
require_once 'src/AuditListener.php';

use App\AuditListener;
use App\EventBus;

$bus = new EventBus();
$listener = new AuditListener();
$listener->register($bus);
$bus->emit('login', ['user' => 'ada']);
$bus->emit('logout', ['user' => 'ada']);
print_r($listener->seen);
