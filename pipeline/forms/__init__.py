"""The form communes fill: templates, their layout files, and filling them in.

In: the catalog, the units registry and a period. Out: a blank master template, one
locked copy per unit with its identity written in, and ``<template>.layout.json`` naming
every input cell. The reader finds values by the codes these forms carry.
"""
