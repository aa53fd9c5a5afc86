package ai.kubernaut.e2e;
class Placeholder {}
