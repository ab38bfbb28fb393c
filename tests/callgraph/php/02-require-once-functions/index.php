<?php

require_once 'lib/helpers.php';

function run(array $people): array
{
    $names = [];
    foreach ($people as [$first, $last]) {
        $names[] = format_name($first, $last);
    }
    return $names;
}

function main(): void
{
    foreach (run([[' ada', 'LOVELACE '], ['alan', ' turing']]) as $name) {
        echo helper($name), "\n";
    }
}

main();
