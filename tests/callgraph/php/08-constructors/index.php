<?php

require_once 'src/Config.php';

use App\Config;

function main(): void
{
    $dev = Config::development();
    $staging = Config::fromArray('staging', ['port' => '9090']);
    $manual = new Config('test');
    printf("%s %s:%s\n", $dev->env(), $dev->get('host'), $dev->get('port'));
    printf("%s %s\n", $staging->env(), $staging->get('port'));
    echo $manual->env(), "\n";
}

main();
