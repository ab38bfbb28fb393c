<?php

function helper(string $name): string
{
    return ucfirst(strtolower(trim($name)));
}

function format_name(string $first, string $last): string
{
    return helper($first) . ' ' . helper($last);
}
