-- Databases for docker compose; each service owns one.
CREATE DATABASE sales;
CREATE DATABASE engagement;
CREATE DATABASE project_delivery;
CREATE DATABASE accounting;
